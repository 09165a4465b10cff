"""The exports of a Reading, by format: the contract's JSON and the standalone HTML page."""

from reader.interop.json_export import to_json
from reader.interop.standalone import standalone_css, standalone_js, to_html

__all__ = ["standalone_css", "standalone_js", "to_html", "to_json"]
