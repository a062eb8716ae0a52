"""The metric registry on Apache Spark (DESIGN §10), an optional extra: `pip install 'answerable[spark]'`.

Nothing here imports pyspark or sqlglot at module import time, so the default install (no Java)
imports the whole package tree; the Spark engine says what to install when it is used without them.
"""
