// baseline: the Go runtime starting and exiting, nothing of oo-jwt's.
package main

func main() {}
