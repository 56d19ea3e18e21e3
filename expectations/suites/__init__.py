"""One module per dataset; each exposes `build(ctx: SuiteContext) -> list[Check]`."""
