from itertools import count

from flask import Blueprint, Flask, jsonify, request, url_for
from flask.views import MethodView
from werkzeug.exceptions import HTTPException

store = {}
ids = count(1)


def fail(status, message):
    response = jsonify(error=message)
    response.status_code = status
    return response


def parse_note(payload):
    """Return (text, tags) or raise ValueError with the reason."""
    if type(payload) is not dict:
        raise ValueError("send a JSON object")
    text = payload.get("text")
    if type(text) is not str or text.strip() == "":
        raise ValueError("text must be a non-blank string")
    tags = payload["tags"] if "tags" in payload else []
    if type(tags) is not list or any(type(t) is not str for t in tags):
        raise ValueError("tags must be a list of strings")
    return text.strip(), tags[:]


class NoteList(MethodView):
    def get(self):
        wanted = request.args.get("tag")
        return jsonify([store[i] for i in sorted(store) if wanted is None or wanted in store[i]["tags"]])

    def post(self):
        try:
            text, tags = parse_note(request.get_json(silent=True))
        except ValueError as problem:
            return fail(400, str(problem))
        note_id = next(ids)
        store[note_id] = {"id": note_id, "text": text, "tags": tags}
        response = jsonify(store[note_id])
        response.status_code = 201
        response.headers["Location"] = url_for("notes.one", note_id=note_id, _external=True)
        return response


class NoteItem(MethodView):
    def get(self, note_id):
        if note_id not in store:
            return fail(404, "note not found")
        return jsonify(store[note_id])

    def delete(self, note_id):
        if store.pop(note_id, None) is None:
            return fail(404, "note not found")
        return "", 204


notes = Blueprint("notes", __name__)
notes.add_url_rule("/notes", view_func=NoteList.as_view("all"))
notes.add_url_rule("/notes/<int:note_id>", view_func=NoteItem.as_view("one"))

app = Flask(__name__)
app.register_blueprint(notes)


@app.errorhandler(HTTPException)
def http_error(exc):
    return fail(exc.code, exc.name)
