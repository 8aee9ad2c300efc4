"""Sentences: NLTK Punkt with English parameters, and sentence offsets packed to travel with a page."""
