"""``python -m scoring``: the ``jixiao`` command."""

from scoring.cli.main import main

if __name__ == "__main__":
    main(prog_name="jixiao")
