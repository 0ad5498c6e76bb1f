"""Teaching: cohorts of learners with their teachers and mentors, invites and assignments."""
