"""The tutor: answers a learner's question from what they may already see, never the secrets."""
