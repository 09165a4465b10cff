from reader.cli import main

__all__: list[str] = []

if __name__ == "__main__":  # worker processes started by spawn import this module again
    raise SystemExit(main())
