export { default as UIAssemblyaiCaptions } from './components/UIAssemblyaiCaptions.vue';
