"""Companies, contacts, social identities and the company graph of entities."""
