"""`python -m analysis ...`"""

import sys

from analysis.tools.cli import main

sys.exit(main())
