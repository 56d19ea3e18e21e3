"""Great Expectations 1.x suites as code, one per dataset, and the runner that gates every load."""
