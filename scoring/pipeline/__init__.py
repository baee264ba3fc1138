"""The pipeline shared by every shell: load -> score -> verify for files and directories."""
