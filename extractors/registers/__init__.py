"""Curated registers: hand-maintained CSV files in warehouse/registers/ (real) and
warehouse/sample/registers/ (demo), for facts no lawful automated feed provides."""
from extractors.registers import investment_rounds, reported_figures, strategy_targets

DATASETS = (investment_rounds.DATASET, reported_figures.DATASET, strategy_targets.DATASET)
