// Package samplesoutput is the k6 output plimsoll builds into its k6 (install/k6.sh): every sample of a
// run, losslessly, in a compact binary file — the raw samples the report's charts, the shards' merged
// verdict and the InfluxDB backfill are made from. k6's CSV output does the same job at ~80 µs of k6 CPU
// per request (bench/README.md): it turns every sample's tag set into a map and a text row. Here a
// sample's series (metric and tag set, both interned by k6) is written once, and each sample after it as
// a few varints.
//
// Format (gzip, BestSpeed), read by distributed/binary-samples.ts:
//
//	"plimsoll-samples 1\n", then the first sample's time (int64 LE, ns since the epoch), then records:
//	uvarint 0: a series: uvarint-length-prefixed metric name, uvarint tag count, then length-prefixed key, value pairs
//	uvarint h ≥ 1: a sample of series (h-1)>>2 (numbered in definition order): zigzag varint ns since the
//	  previous sample's time (the first sample's: 0), then the value by (h-1)&3:
//	  0 a float64 LE; 1 an integer, zigzag varint; 2 a zigzag varint n with value = n / 1e6 exactly (a
//	  duration in ms from whole ns, as k6 makes its trends: 3 bytes where a float64 takes 8)
package samplesoutput

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"sync"

	"github.com/klauspost/compress/gzip"

	"go.k6.io/k6/v2/metrics"
	"go.k6.io/k6/v2/output"
)

// Magic opens every file: the format's name and version.
const Magic = "plimsoll-samples 1\n"

func init() {
	output.RegisterExtension("plimsoll-samples", New)
}

// Output writes each sample as k6 hands it over; k6 calls AddMetricSamples from one goroutine, Stop from another.
type Output struct {
	path    string
	mu      sync.Mutex
	file    *os.File
	gz      *gzip.Writer
	w       *bufio.Writer
	series  map[metrics.TimeSeries]uint64
	last    int64
	started bool
	scratch [3 * binary.MaxVarintLen64]byte
}

// New takes the file's path from `--out plimsoll-samples=<path>`.
func New(p output.Params) (output.Output, error) {
	if p.ConfigArgument == "" {
		return nil, fmt.Errorf("plimsoll-samples needs a file: --out plimsoll-samples=<path>")
	}
	return &Output{path: p.ConfigArgument, series: make(map[metrics.TimeSeries]uint64, 256)}, nil
}

func (o *Output) Description() string { return "plimsoll-samples (" + o.path + ")" }

func (o *Output) Start() error {
	f, err := os.Create(o.path)
	if err != nil {
		return err
	}
	gz, err := gzip.NewWriterLevel(f, gzip.BestSpeed)
	if err != nil {
		return err
	}
	o.file, o.gz, o.w = f, gz, bufio.NewWriterSize(gz, 64<<10)
	_, err = o.w.WriteString(Magic)
	return err
}

func (o *Output) AddMetricSamples(containers []metrics.SampleContainer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.w == nil {
		return
	}
	for _, c := range containers {
		for _, s := range c.GetSamples() {
			o.add(s)
		}
	}
}

func (o *Output) add(s metrics.Sample) {
	t := s.Time.UnixNano()
	if !o.started {
		binary.LittleEndian.PutUint64(o.scratch[:8], uint64(t))
		o.w.Write(o.scratch[:8])
		o.last, o.started = t, true
	}
	id, ok := o.series[s.TimeSeries]
	if !ok {
		id = uint64(len(o.series))
		o.series[s.TimeSeries] = id
		o.define(s.TimeSeries)
	}
	v := s.Value
	kind, n := uint64(0), int64(0)
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 && !(v == 0 && math.Signbit(v)) {
		kind, n = 1, int64(v)
	} else if ns := math.Round(v * 1e6); v != 0 && math.Abs(ns) < 1<<53 && ns/1e6 == v {
		kind, n = 2, int64(ns)
	}
	b := binary.AppendUvarint(o.scratch[:0], id<<2+kind+1)
	b = binary.AppendVarint(b, t-o.last)
	o.last = t
	if kind == 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	} else {
		b = binary.AppendVarint(b, n)
	}
	o.w.Write(b)
}

func (o *Output) define(ts metrics.TimeSeries) {
	o.w.WriteByte(0)
	o.text(ts.Metric.Name)
	tags := ts.Tags.Map()
	o.w.Write(binary.AppendUvarint(o.scratch[:0], uint64(len(tags))))
	for k, v := range tags {
		o.text(k)
		o.text(v)
	}
}

func (o *Output) text(s string) {
	o.w.Write(binary.AppendUvarint(o.scratch[:0], uint64(len(s))))
	o.w.WriteString(s)
}

func (o *Output) Stop() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.w == nil {
		return nil
	}
	err := o.w.Flush()
	if e := o.gz.Close(); err == nil {
		err = e
	}
	if e := o.file.Close(); err == nil {
		err = e
	}
	o.w = nil
	return err
}
