from parksim.cli.main import main

if __name__ == "__main__":  # worker processes (Dask, spawn) import this module again
    raise SystemExit(main())
