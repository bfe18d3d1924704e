from netpolkit.cli import main

main()
