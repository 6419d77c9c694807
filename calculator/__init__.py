"""Fine-tuning vs RAG: the decision and cost engine (standard library only)."""
