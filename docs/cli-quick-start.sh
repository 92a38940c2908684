# The CLI quick start (the README quotes it): a new association's file, from nothing to its
# books and public report. tests/cli/quick_start.rs runs every `panier` line of this file as
# written, so it stays true.
export PANIER_DB=amipo.sqlite
panier init --name "AMIPO"
panier plan add --name "Adhésion" --kind fee --amount 20
panier plan add --name "Confort 50 Go" --kind tier --amount 30 --quota "50 Go"
panier plan list
panier member add --name "Hélène Lefèvre" --email helene@exemple.fr
panier pay helene@exemple.fr --plan "Adhésion" --amount 20 --date 2026-03-01
panier pay helene@exemple.fr --plan "Confort 50 Go" --amount 30 --date 2026-03-01
panier member list
panier books --year 2026
panier report --year 2026 --html rapport-2026.html --pdf rapport-2026.pdf
