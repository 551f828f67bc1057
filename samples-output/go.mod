module plimsoll/samplesoutput

go 1.25

require go.k6.io/k6/v2 v2.2.0
