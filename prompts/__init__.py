"""The prompt library (TOML files) and the crisis word list, shipped as package data."""
