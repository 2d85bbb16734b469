"""The workspace file: our company, its entities, its team and its watch queries."""
