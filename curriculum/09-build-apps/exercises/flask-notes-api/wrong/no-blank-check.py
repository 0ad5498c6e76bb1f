from flask import Flask, request

app = Flask(__name__)
notes = {}


@app.get("/notes")
def list_notes():
    tag = request.args.get("tag")
    return [n for n in notes.values() if tag is None or tag in n["tags"]]


@app.post("/notes")
def create_note():
    payload = request.get_json(silent=True)
    if not payload or "text" not in payload:
        return {"error": "text is required"}, 400
    note_id = len(notes) + 1
    note = {"id": note_id, "text": payload["text"].strip(), "tags": payload.get("tags", [])}
    notes[note_id] = note
    return note, 201, {"Location": f"/notes/{note_id}"}


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    if note_id not in notes:
        return {"error": "note not found"}, 404
    return notes[note_id]


@app.delete("/notes/<int:note_id>")
def delete_note(note_id):
    if note_id not in notes:
        return {"error": "note not found"}, 404
    del notes[note_id]
    return "", 204
