from flask import Flask, request

app = Flask(__name__)
notes = {}  # id -> note dict


def not_found():
    return {"error": "note not found"}, 404


@app.get("/notes")
def list_notes():
    tag = request.args.get("tag")
    found = [note for note in notes.values() if tag is None or tag in note["tags"]]
    return sorted(found, key=lambda note: note["id"])


@app.post("/notes")
def create_note():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return {"error": "the body must be a JSON object"}, 400
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        return {"error": "text is required and must not be blank"}, 400
    tags = payload.get("tags", [])
    note_id = max(notes, default=0) + 1
    note = {"id": note_id, "text": text.strip(), "tags": list(tags)}
    notes[note_id] = note
    return note, 201, {"Location": f"/notes/{note_id}"}


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    note = notes.get(note_id)
    if note is None:
        return not_found()
    return note


@app.delete("/notes/<int:note_id>")
def delete_note(note_id):
    if note_id not in notes:
        return not_found()
    del notes[note_id]
    return "", 204
