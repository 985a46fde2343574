"""The Lexicon page: the shared vocabulary of sales and marketing."""
