from innosys.cli import main

main()
