from flask import Flask, request

app = Flask(__name__)
notes = {}  # id -> note dict
last_id = 0  # ids only go up: a deleted note's id is never given out again


def error(message, status):
    return {"error": message}, status


@app.errorhandler(404)
def route_not_found(_error):
    # Also covers URLs Flask itself cannot route, such as /notes/abc.
    return error("not found", 404)


@app.errorhandler(405)
def method_not_allowed(_error):
    return error("method not allowed", 405)


@app.get("/notes")
def list_notes():
    tag = request.args.get("tag")
    found = [note for note in notes.values() if tag is None or tag in note["tags"]]
    return sorted(found, key=lambda note: note["id"])


@app.post("/notes")
def create_note():
    global last_id
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error("the body must be a JSON object", 400)
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        return error("text is required and must not be blank", 400)
    tags = payload.get("tags", [])
    if not isinstance(tags, list):
        return error("tags must be a list of strings", 400)
    last_id += 1
    note = {"id": last_id, "text": text.strip(), "tags": list(tags)}
    notes[last_id] = note
    return note, 201, {"Location": f"/notes/{last_id}"}


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    note = notes.get(note_id)
    if note is None:
        return error("note not found", 404)
    return note


@app.delete("/notes/<int:note_id>")
def delete_note(note_id):
    if note_id not in notes:
        return error("note not found", 404)
    del notes[note_id]
    return "", 204
