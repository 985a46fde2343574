"""Lead scoring: model specifications, the vectorised engine and the backtest."""
