"""The HTTP service: ``jixiao serve`` (FastAPI + uvicorn, ``pip install 'jixiao[service]'``).

A thin shell over the pipeline the command line uses: the same ``check_text``/``check_form``,
the same JSON documents (``report_dict``, ``rollup_dict``) and the same HTML page. Nothing a
request uploads is written anywhere or kept after the response. See docs/service.md.
"""
