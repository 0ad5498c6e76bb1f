"""The harness's ungraded kinds (run, request), in-process: what a learner's run reports.

The sandboxed path is covered in tests/functional/test_running.py; here the event shapes
and the ASGI/WSGI calls are checked directly, and against the trusted protocol reader.
"""

from __future__ import annotations

import json
from typing import Any

from pyroad.grading import harness
from pyroad.grading.pools import plain
from pyroad.grading.protocol import StreamReader
from pyroad.running.console import defines_app


def events(job: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    harness.run_job({"tests": [{"name": job["kind"], "code": ""}], **job}, found.append)
    reader = StreamReader([job["kind"]])  # the trusted side accepts the stream as it is
    lines = [json.dumps({"event": "start"}), *(json.dumps(event) for event in found)]
    reader.feed(("\n".join(lines) + "\n").encode())
    return found


def test_a_script_run_reads_stdin_and_keeps_output_before_an_error() -> None:
    loaded, ran, done = events(
        {"kind": "run", "code": "print(input() * 2)\nraise ValueError('no')\n", "stdin": "ab\n"}
    )
    assert loaded == {"event": "loaded", "stdout": ""} and done == {"event": "done"}
    assert ran["stdout"] == "abab\n"
    assert ran["observed"][:2] == ["raise", ["ValueError", "Exception", "BaseException"]]
    assert ran["traceback"].splitlines()[-1] == "ValueError: no"


def test_exit_zero_is_a_normal_end_and_an_exit_message_is_printed() -> None:
    assert events({"kind": "run", "code": "import sys\nsys.exit(0)\n"})[1]["observed"] == ["none"]
    stopped = events({"kind": "run", "code": "import sys\nsys.exit('bad input')\n"})[1]
    assert stopped["stdout"] == "bad input\n" and stopped["observed"][1][0] == "SystemExit"


def test_a_syntax_error_is_a_load_error_with_its_line() -> None:
    (failed,) = events({"kind": "run", "code": "if True\n    pass\n"})
    assert failed["event"] == "load_error" and "SyntaxError" in failed["traceback"]


WSGI_APP = """
import json
def app(environ, start_response):
    size = int(environ.get("CONTENT_LENGTH") or 0)
    sent = environ["wsgi.input"].read(size).decode()
    print("got", environ["REQUEST_METHOD"], environ["PATH_INFO"], environ["QUERY_STRING"])
    body = json.dumps({"sent": sent, "type": environ.get("CONTENT_TYPE"),
                       "token": environ.get("HTTP_X_TOKEN")}).encode()
    start_response("202 Accepted", [("Content-Type", "application/json")])
    return [body]
"""


def test_a_request_to_a_wsgi_app() -> None:
    request = {
        "method": "POST",
        "path": "/items?page=2",
        "headers": {"Content-Type": "application/json", "X-Token": "t1"},
        "body": '{"a": 1}',
    }
    _, answered, _ = events({"kind": "request", "code": WSGI_APP, "request": request})
    value = plain(answered["observed"])
    assert value["raised"] is None
    response = value["response"]
    assert response["status"] == 202
    assert json.loads(response["body"]) == {
        "sent": '{"a": 1}',
        "type": "application/json",
        "token": "t1",
    }
    assert answered["stdout"] == "got POST /items page=2\n"


ASGI_APP = """
async def app(scope, receive, send):
    message = await receive()
    if scope["path"] == "/boom":
        raise KeyError("boom")
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"you sent " + message["body"]})
"""


def test_a_request_to_an_asgi_app_and_an_app_that_raises() -> None:
    request = {"method": "PUT", "path": "/", "headers": {}, "body": "hi"}
    _, answered, _ = events({"kind": "request", "code": ASGI_APP, "request": request})
    response = plain(answered["observed"])["response"]
    assert response["status"] == 200 and response["body"] == "you sent hi"
    _, crashed, _ = events(
        {"kind": "request", "code": ASGI_APP, "request": {**request, "path": "/boom"}}
    )
    value = plain(crashed["observed"])
    assert value["response"] is None and value["raised"][1][0] == "KeyError"
    assert "in app" in crashed["traceback"]


def test_code_without_an_app_is_a_load_error_that_says_what_to_define() -> None:
    (failed,) = events({"kind": "request", "code": "x = 1\n", "request": {}})
    assert failed["event"] == "load_error" and "`app`" in failed["traceback"]


def test_which_solutions_get_a_console() -> None:
    assert defines_app("from flask import Flask\napp = Flask(__name__)\n")
    assert defines_app("def app(environ, start_response):\n    return []\n")
    assert defines_app("import django\nurlpatterns = []\n")
    assert not defines_app("urlpatterns = []\n")  # not Django: nothing to serve it
    assert not defines_app("def parse(line):\n    return line\n")
    assert not defines_app("def broken(:\n")


def test_a_run_stops_itself_before_the_sandbox_would_keeping_its_output() -> None:
    code = "print('tick')\nwhile True:\n    pass\n"
    _, ran, _ = events({"kind": "run", "code": code, "stop_after_s": 0.2})
    assert ran["stdout"] == "tick\n"
    assert ran["observed"][1][0] == "TimeLimitExceeded"
    assert 'File "solution.py", line 2' in ran["traceback"]
