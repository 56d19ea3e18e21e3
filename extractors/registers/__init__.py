"""Curated registers: hand-maintained CSV files in warehouse/registers/ (real) and
warehouse/sample/registers/ (demo), for facts no lawful automated feed provides."""

from extractors.registers import (
    fund_commitments,
    investment_rounds,
    milestones,
    reported_figures,
    strategy_targets,
    training_outputs,
)

DATASETS = (
    investment_rounds.DATASET,
    reported_figures.DATASET,
    strategy_targets.DATASET,
    training_outputs.DATASET,
    fund_commitments.DATASET,
    milestones.DATASET,
)
