from readout.cli import main

main()
