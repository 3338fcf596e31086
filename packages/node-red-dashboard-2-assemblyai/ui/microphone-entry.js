export { default as UIAssemblyaiMicrophone } from './components/UIAssemblyaiMicrophone.vue';
