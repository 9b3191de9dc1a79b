"""`python -m bot.learning ARGS` = `python -m bot train ARGS`."""
import logging
import sys

from .cli import main

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
sys.exit(main(sys.argv[1:]))
