from answerable.cli import main

raise SystemExit(main())
