import sys

from python_baselines.harness import main

sys.exit(main())
