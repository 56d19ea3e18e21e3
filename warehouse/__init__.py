"""Landing, load and publish of the Seoul AI indicator warehouse."""
