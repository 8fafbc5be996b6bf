from parksim.cli import main

raise SystemExit(main())
