"""Evaluation harness: ROUGE scoring, evaluation-cluster reading and bootstrap statistics."""
