"""Stage 4, compose: the chosen sentences ordered (order), tied to every source that carries them (attribute), and
rendered as text, Markdown or JSON (render)."""
