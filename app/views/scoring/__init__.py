"""The Scoring page: scoring models, their criteria and thresholds, agreement and test bench."""
