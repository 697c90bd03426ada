package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/promptops/promptops/gen/api"
)

// manifest is what the tests read of a Kubernetes object in kubernetes.yaml.
type manifest struct {
	Kind string `yaml:"kind"`
	Spec struct {
		// A Deployment's.
		Replicas int `yaml:"replicas"`
		Template struct {
			Spec podSpec `yaml:"spec"`
		} `yaml:"template"`
		// A Service's.
		Ports []struct {
			TargetPort string `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type podSpec struct {
	SecurityContext struct {
		RunAsNonRoot bool `yaml:"runAsNonRoot"`
		RunAsUser    int  `yaml:"runAsUser"`
		RunAsGroup   int  `yaml:"runAsGroup"`
	} `yaml:"securityContext"`
	Containers []container `yaml:"containers"`
}

type container struct {
	Image string   `yaml:"image"`
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env []struct {
		Name      string `yaml:"name"`
		ValueFrom struct {
			SecretKeyRef struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	StartupProbe    probe `yaml:"startupProbe"`
	LivenessProbe   probe `yaml:"livenessProbe"`
	ReadinessProbe  probe `yaml:"readinessProbe"`
	SecurityContext struct {
		ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	} `yaml:"securityContext"`
}

type probe struct {
	HTTPGet struct {
		Path string `yaml:"path"`
		Port string `yaml:"port"`
	} `yaml:"httpGet"`
}

// readManifests reads kubernetes.yaml by kind.
func readManifests(t *testing.T) map[string]manifest {
	t.Helper()
	data, err := os.ReadFile("kubernetes.yaml")
	require.NoError(t, err)
	byKind := map[string]manifest{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var m manifest
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return byKind
		}
		require.NoError(t, err)
		byKind[m.Kind] = m
	}
}

// TestKubernetes: the manifests the README shows run the image as it is built (its user,
// port, command and the secrets serve needs without a private database) and probe routes
// the server serves without a key.
func TestKubernetes(t *testing.T) {
	t.Parallel()
	manifests := readManifests(t)
	deployment, service := manifests["Deployment"], manifests["Service"]
	require.Equal(t, 3, deployment.Spec.Replicas)
	pod := deployment.Spec.Template.Spec
	require.Len(t, pod.Containers, 1)
	c := pod.Containers[0]

	t.Run("RunsAsTheImageUser", func(t *testing.T) {
		t.Parallel()
		require.True(t, pod.SecurityContext.RunAsNonRoot)
		require.Equal(t, User, strconv.Itoa(pod.SecurityContext.RunAsUser)+":"+strconv.Itoa(pod.SecurityContext.RunAsGroup))
		require.True(t, c.SecurityContext.ReadOnlyRootFilesystem)
		require.NotNil(t, c.SecurityContext.AllowPrivilegeEscalation)
		require.False(t, *c.SecurityContext.AllowPrivilegeEscalation)
		require.True(t, strings.HasPrefix(c.Image, Repository+":"), c.Image)
		require.Equal(t, runConfig(Source{}).Cmd, c.Args)
	})

	t.Run("SecretsServeNeeds", func(t *testing.T) {
		t.Parallel()
		secrets := map[string]string{}
		for _, e := range c.Env {
			secrets[e.Name] = e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key
		}
		require.Equal(t, map[string]string{"DATABASE_URL": "promptops/database-url", "PROMPTOPS_SECRET_KEY": "promptops/secret-key"}, secrets)
	})

	t.Run("PortIsTheImages", func(t *testing.T) {
		t.Parallel()
		require.Len(t, c.Ports, 1)
		require.Equal(t, Port, strconv.Itoa(c.Ports[0].ContainerPort)+"/tcp")
		name := c.Ports[0].Name
		for _, p := range []probe{c.StartupProbe, c.LivenessProbe, c.ReadinessProbe} {
			require.Equal(t, name, p.HTTPGet.Port)
		}
		require.Len(t, service.Spec.Ports, 1)
		require.Equal(t, name, service.Spec.Ports[0].TargetPort)
	})

	t.Run("TheREADMEShowsItAsItIs", func(t *testing.T) {
		t.Parallel()
		manifest, err := os.ReadFile("kubernetes.yaml")
		require.NoError(t, err)
		readme, err := os.ReadFile("../../../README.md")
		require.NoError(t, err)
		require.Contains(t, string(readme), "```yaml\n"+string(manifest)+"```\n", "README.md's Kubernetes section must hold kubernetes.yaml verbatim")
	})

	t.Run("ProbesAreTheServersHealthRoutes", func(t *testing.T) {
		t.Parallel()
		// Traffic waits for readiness at start only: after it, a database outage must not take
		// the instances, which answer from their cache, out of the Service.
		require.Equal(t, "/health/ready", c.StartupProbe.HTTPGet.Path)
		require.Equal(t, "/health/live", c.LivenessProbe.HTTPGet.Path)
		require.Equal(t, "/health/live", c.ReadinessProbe.HTTPGet.Path)
		spec, err := api.GetSpec()
		require.NoError(t, err)
		for path, operationID := range map[string]string{"/health/live": "GetLiveness", "/health/ready": "GetReadiness"} {
			item := spec.Paths.Find(path)
			require.NotNil(t, item, path)
			require.NotNil(t, item.Get, path)
			require.Equal(t, operationID, item.Get.OperationID)
			require.NotNil(t, item.Get.Security, "a probe sends no key")
			require.Empty(t, *item.Get.Security, "a probe sends no key")
		}
	})
}
