// The gofeed baseline of bench_process.py: parse a feed file with gofeed
// (Debian's golang-github-mmcdole-gofeed-dev) and read every item's fields,
// as a reader would, in a fresh process. It prints the summed length of the
// fields read, so that no work can be skipped. Builds offline:
//   GO111MODULE=off GOPATH=/usr/share/gocode go build -o gofeed_walk main.go
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/mmcdole/gofeed"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gofeed_walk FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofeed_walk:", err)
		os.Exit(1)
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofeed_walk: cannot parse", os.Args[1]+":", err)
		os.Exit(1)
	}
	sum := len(feed.Title) + len(feed.Link) + len(feed.Description)
	for _, item := range feed.Items {
		sum += len(item.Title) + len(item.Link) + len(item.GUID) + len(item.Description) + len(item.Content)
		sum += len(item.Published) + len(item.Updated)
		if item.PublishedParsed != nil {
			sum += item.PublishedParsed.Second()
		}
		for _, a := range item.Authors {
			sum += len(a.Name) + len(a.Email)
		}
		sum += len(item.Categories)
		for _, c := range item.Categories {
			sum += len(c)
		}
		for _, e := range item.Enclosures {
			sum += len(e.URL) + len(e.Type)
		}
	}
	fmt.Println(len(feed.Items), sum)
}
