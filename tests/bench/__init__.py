"""``make bench``: the pipeline against raw baselines measured in the same run; ratios, not absolutes."""
