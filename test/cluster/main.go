// Command kcluster is a multicall binary holding every component of the local
// test cluster used by gitsync's integration tests and demo:
//
//	kcluster etcd [etcd flags]
//	kcluster kube-apiserver [flags]
//	kcluster kube-controller-manager [flags]
//	kcluster kube-scheduler [flags]
//	kcluster kwok [flags]          (fake nodes and pods, sigs.k8s.io/kwok)
//	kcluster kwok-stages           (prints kwok's standard stages as YAML)
//	kcluster kubectl [args]        (kubectl of the same version, for machines without one)
//	kcluster free-ports N          (prints N currently free TCP ports on 127.0.0.1)
//	kcluster version
//
// Each component runs as its own process; scripts/dev-cluster.sh starts them.
package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	_ "time/tzdata" // CronJob time zones, as in the upstream kube-apiserver/controller-manager mains

	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	_ "k8s.io/component-base/logs/json/register"          // JSON log format, as upstream
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics, as upstream
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric, as upstream
	"k8s.io/component-base/version"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodeheartbeatwithlease "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kwok|kwok-stages|kubectl|free-ports|version [flags...]\n",
		filepath.Base(os.Args[0]))
}

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args[1:]
	// Multicall: either invoked through a symlink named after the component,
	// or with the component as first argument.
	if !isComponent(name) {
		if len(args) == 0 {
			usage()
			os.Exit(2)
		}
		name, args = args[0], args[1:]
	}
	// Every component parses os.Args itself; make it look like its own binary.
	os.Args = append([]string{name}, args...)

	switch name {
	case "etcd":
		etcdmain.Main(os.Args)
	case "kube-apiserver":
		os.Exit(cli.Run(apiserver.NewAPIServerCommand()))
	case "kube-controller-manager":
		os.Exit(cli.Run(controllermanager.NewControllerManagerCommand()))
	case "kube-scheduler":
		os.Exit(cli.Run(scheduler.NewSchedulerCommand()))
	case "kwok":
		os.Exit(runKwok())
	case "kwok-stages":
		fmt.Print(kwokStages())
	case "kubectl":
		_, _ = logs.GlogSetter(kubectl.GetLogVerbosity(os.Args))
		if err := cli.RunNoErrOutput(kubectl.NewDefaultKubectlCommand()); err != nil {
			kubectlutil.CheckErr(err)
		}
	case "free-ports":
		os.Exit(freePorts(args))
	case "version":
		fmt.Println(version.Get().GitVersion)
	default:
		usage()
		os.Exit(2)
	}
}

func isComponent(name string) bool {
	switch name {
	case "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "kubectl":
		return true
	}
	return false
}

// kwokStages returns the stages kwokctl installs by default when node leases
// are enabled: node-initialize, node-heartbeat-with-lease, pod-ready,
// pod-complete, pod-delete (the "fast" set shipped in the kwok module).
func kwokStages() string {
	docs := []string{
		nodefast.DefaultNodeInit,
		nodeheartbeatwithlease.DefaultNodeHeartbeatWithLease,
		podfast.DefaultPodReady,
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
	}
	var b strings.Builder
	for _, d := range docs {
		b.WriteString("---\n")
		b.WriteString(strings.TrimSpace(d))
		b.WriteString("\n")
	}
	return b.String()
}

// freePorts binds n listeners on 127.0.0.1:0 at the same time (so the ports
// are distinct), prints their ports one per line and closes them.
func freePorts(args []string) int {
	n := 1
	if len(args) > 0 {
		v, err := strconv.Atoi(args[0])
		if err != nil || v < 1 || v > 64 {
			fmt.Fprintf(os.Stderr, "free-ports: bad count %q\n", args[0])
			return 2
		}
		n = v
	}
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintf(os.Stderr, "free-ports: %v\n", err)
			return 1
		}
		ls = append(ls, l)
	}
	for _, l := range ls {
		fmt.Println(l.Addr().(*net.TCPAddr).Port)
	}
	return 0
}
