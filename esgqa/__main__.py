from esgqa.cli.main import main

raise SystemExit(main())
