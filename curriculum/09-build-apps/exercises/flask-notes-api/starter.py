from flask import Flask, request

app = Flask(__name__)
notes = {}  # id -> note dict


@app.get("/notes")
def list_notes():
    return list(notes.values())


# Add: POST /notes, GET /notes/<int:note_id>, DELETE /notes/<int:note_id>,
# and the ?tag= filter on GET /notes.
