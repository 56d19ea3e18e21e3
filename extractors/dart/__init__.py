"""OpenDART (금융감독원 전자공시, docs/sources.md §2): company master, financials, headcount, equity raises."""

from extractors.dart import company, corp_codes, employees, equity_events, financials

DATASETS = (corp_codes.DATASET, company.DATASET, financials.DATASET, employees.DATASET, equity_events.DATASET)
