from orbitaldc.cli import main

main()
