from speedlab.cli import main

main()
