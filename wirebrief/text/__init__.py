"""Stage 2, text: cleaning page furniture out of an article, naming its outlet, splitting it into sentences, judging
which sentences are fit for a brief, matching wire copy across articles, names and dates in sentences, and the
shared word statistics (lexical)."""
