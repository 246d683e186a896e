// User-assigned managed identity of the function app. Every data-plane access of the app
// (storage, Service Bus, Key Vault references, Application Insights ingestion, the Flex
// deployment container) goes through this one identity; no keys or connection strings.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
