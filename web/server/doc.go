// Package server is the HTTP server of the Panther web app: it serves the files Vite built
// into the app's dist directory, answers every client-side route with the app's index.html
// carrying the deployment's runtime configuration, and puts security and caching headers on
// every answer. The ECS task of the web stack runs it behind the load balancer.
package server
