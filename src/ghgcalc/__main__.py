from ghgcalc.cli import main

main()
