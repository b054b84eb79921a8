"""Stage 5, facts: what the sources say about the brief's sentences: figures they disagree on (disagree), figures a
later report superseded (supersede), and the dated events of a story (timeline)."""
